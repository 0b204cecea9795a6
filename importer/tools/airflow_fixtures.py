#!/usr/bin/env python3
"""Writes the Airflow 2 and Airflow 3 JSON fixtures of the three test DAGs (shaped like the official
specs, see src/main/openapi) from one neutral description, so both generations describe the same DAGs.
The DAG files themselves are in src/test/resources/airflow/dag-files.

    python3 tools/airflow_fixtures.py src/test/resources/airflow
"""
import json, os, sys, datetime as dt, uuid, copy
OUT = sys.argv[1]
FX = os.path.join(OUT, 'dag-files')
def src(name): return open(os.path.join(FX, name)).read()

def iso(d): return d.strftime('%Y-%m-%dT%H:%M:%S') + ('.%06d' % d.microsecond if d.microsecond else '') + '+00:00'
def D(*a): return dt.datetime(*a)
PARSED = D(2024, 1, 13, 6, 0, 12, 345000)
DAILY_URI = "trino://trino:8080/iceberg/analytics/daily_customer_totals"

TEMPLATES = {
 'daily_customer_totals': """DELETE FROM analytics.daily_customer_totals WHERE day = DATE '{{ ds }}';
INSERT INTO analytics.daily_customer_totals
SELECT customer_id, DATE '{{ ds }}' AS day, SUM(amount) AS total, COUNT(*) AS txn_count
FROM raw.transactions
WHERE day = DATE '{{ ds }}'
GROUP BY customer_id""",
 'weekly_customer_totals': """DELETE FROM analytics.weekly_customer_totals WHERE day = DATE '{{ ds }}';
INSERT INTO analytics.weekly_customer_totals
SELECT customer_id, DATE '{{ ds }}' AS day, SUM(total) AS total_7d
FROM analytics.daily_customer_totals
WHERE day BETWEEN DATE '{{ macros.ds_add(ds, -6) }}' AND DATE '{{ ds }}'
GROUP BY customer_id""",
 'week_over_week': """DELETE FROM analytics.week_over_week WHERE day = DATE '{{ ds }}';
INSERT INTO analytics.week_over_week
SELECT cur.customer_id, cur.day, cur.total_7d, prev.total_7d AS prev_total_7d,
       cur.total_7d - COALESCE(prev.total_7d, 0) AS change
FROM analytics.weekly_customer_totals cur
LEFT JOIN analytics.weekly_customer_totals prev
  ON prev.customer_id = cur.customer_id AND prev.day = DATE '{{ macros.ds_add(ds, -7) }}'
WHERE cur.day = DATE '{{ ds }}'""",
 'customer_lifetime_value': """CREATE OR REPLACE TABLE analytics.customer_lifetime_value AS
SELECT customer_id, SUM(total) AS lifetime_total, MIN(day) AS first_day, MAX(day) AS last_day
FROM analytics.daily_customer_totals
GROUP BY customer_id""",
 'refresh_segments': """INSERT INTO analytics.customer_segments
SELECT customer_id, CASE WHEN SUM(total) > 1000 THEN 'gold' ELSE 'standard' END AS segment
FROM analytics.daily_customer_totals
WHERE updated_at >= TIMESTAMP '{{ data_interval_start }}' AND updated_at < TIMESTAMP '{{ data_interval_end }}'
GROUP BY customer_id""",
}
def render(t, logical, start, end):
    ds = logical.date()
    out = t.replace('{{ macros.ds_add(ds, -6) }}', str(ds - dt.timedelta(days=6)))
    out = out.replace('{{ macros.ds_add(ds, -7) }}', str(ds - dt.timedelta(days=7)))
    out = out.replace('{{ ds }}', str(ds)).replace('{{ data_interval_start }}', iso(start)).replace('{{ data_interval_end }}', iso(end))
    return out

SQL_OP = ('airflow.providers.common.sql.operators.sql', 'SQLExecuteQueryOperator', 'SQLExecuteQueryOperator',
          ['sql', 'parameters', 'conn_id', 'database', 'hook_params'], '#cdaaed')
PY_OP = ('airflow.operators.python', 'PythonOperator', 'PythonOperator', ['templates_dict', 'op_args', 'op_kwargs'], '#ffefeb')
BASH_OP = ('airflow.operators.bash', 'BashOperator', 'BashOperator', ['bash_command', 'env', 'cwd'], '#f0ede4')
FILE_SENSOR = ('airflow.sensors.filesystem', 'FileSensor', 'FileSensor', ['filepath'], '#91818a')
V3_MODULE = {'airflow.operators.python': 'airflow.providers.standard.operators.python',
             'airflow.operators.bash': 'airflow.providers.standard.operators.bash',
             'airflow.sensors.filesystem': 'airflow.providers.standard.sensors.filesystem'}

def task(tid, op, downstream, owner, retries=2, retry_delay=300, pool='default_pool', exec_timeout=None,
         trigger='all_success', weight=1):
    return dict(task_id=tid, op=op, downstream=downstream, owner=owner, retries=retries, retry_delay=retry_delay,
                pool=pool, exec_timeout=exec_timeout, trigger=trigger, weight=weight)

def run(logical, start, end, run_type='scheduled'):
    return dict(logical=logical, start=start, end=end, run_type=run_type)

DAGS = [
 dict(dag_id='customer_segments', file='customer_segments.py', description=None, owners=['data-eng'],
      tags=['ecommerce'], paused=False, schedule=None, timetable_description='Triggered by datasets',
      v3_summary='Asset', v3_description='Triggered by assets', tz='UTC', start=D(2024, 1, 1), catchup=False,
      max_active_runs=16, params={}, dataset_expression={'all': [DAILY_URI]},
      tasks=[task('refresh_segments', SQL_OP, [], 'data-eng', retries=0, retry_delay=300)],
      runs=[run(D(2024, 1, 12, 0, 15, 3), D(2024, 1, 11, 0, 14, 58), D(2024, 1, 12, 0, 14, 58), 'dataset_triggered'),
            run(D(2024, 1, 11, 0, 12, 41), D(2024, 1, 10, 0, 12, 30), D(2024, 1, 11, 0, 12, 30), 'dataset_triggered')]),
 dict(dag_id='ecommerce_daily', file='ecommerce_daily.py',
      description='Daily e-commerce totals per customer, rolling week and week-over-week change',
      owners=['data-eng'], tags=['ecommerce', 'finance'], paused=False,
      schedule={'__type': 'CronExpression', 'value': '@daily'}, timetable_description='At 00:00',
      v3_summary='@daily', v3_description='At 00:00', tz='UTC', start=D(2024, 1, 1), catchup=True, max_active_runs=1,
      params={'notify_channel': '#finance'}, dataset_expression=None,
      tasks=[task('customer_lifetime_value', SQL_OP, [], 'data-eng'),
             task('daily_customer_totals', SQL_OP, ['customer_lifetime_value', 'weekly_customer_totals'], 'data-eng', weight=5),
             task('notify_finance', PY_OP, [], 'data-eng'),
             task('week_over_week', SQL_OP, ['notify_finance'], 'data-eng', weight=2),
             task('weekly_customer_totals', SQL_OP, ['week_over_week'], 'data-eng', weight=3)],
      runs=[run(D(2024, 1, 12), D(2024, 1, 12), D(2024, 1, 13)), run(D(2024, 1, 11), D(2024, 1, 11), D(2024, 1, 12)),
            run(D(2024, 1, 10), D(2024, 1, 10), D(2024, 1, 11))]),
 dict(dag_id='ops_maintenance', file='ops_maintenance.py', description=None, owners=['platform'], tags=['ops'],
      paused=True, schedule={'__type': 'CronExpression', 'value': '0 3 * * *'}, timetable_description='At 03:00',
      v3_summary='0 3 * * *', v3_description='At 03:00', tz='Europe/Paris', start=D(2023, 12, 31, 23), catchup=False,
      max_active_runs=16, params={}, dataset_expression=None,
      tasks=[task('report', PY_OP, [], 'platform', retry_delay=600, trigger='all_done'),
             task('vacuum_logs', BASH_OP, ['report'], 'platform', retry_delay=600, pool='maintenance', exec_timeout=3600),
             task('wait_for_export', FILE_SENSOR, ['vacuum_logs'], 'platform', retry_delay=600)],
      runs=[]),
]

def write(path, doc):
    p = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, 'w') as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write('\n')

def rendered(t, dag, r):
    op = t['op']
    if op is SQL_OP:
        tmpl = TEMPLATES[t['task_id']]
        return {'sql': render(tmpl, r['logical'], r['start'], r['end']), 'parameters': None, 'conn_id': 'trino_default',
                'database': None, 'hook_params': None}
    if op is PY_OP:
        return {'templates_dict': None, 'op_args': [], 'op_kwargs': {}}
    return {}

def td(seconds):
    if seconds is None: return None
    return {'__type': 'TimeDelta', 'days': seconds // 86400, 'seconds': seconds % 86400, 'microseconds': 0}

def run_id(dag, r):
    prefix = 'dataset_triggered' if r['run_type'] == 'dataset_triggered' else 'scheduled'
    return prefix + '__' + iso(r['logical'])

# ---------------------------------------------------------------- v1
def v1():
    dag_docs = []
    for i, dag in enumerate(DAGS):
        token = 'Ii9vcHQvYWlyZmxvdy9kYWdzL' + dag['dag_id'].replace('_', '') + '.ZXhhbXBsZXRva2Vu'
        base = {
            'dag_id': dag['dag_id'], 'dag_display_name': dag['dag_id'], 'root_dag_id': None, 'is_paused': dag['paused'],
            'is_active': True, 'is_subdag': False, 'last_parsed_time': iso(PARSED), 'last_pickled': None,
            'last_expired': None, 'scheduler_lock': None, 'pickle_id': None, 'default_view': 'grid',
            'fileloc': '/opt/airflow/dags/' + dag['file'], 'file_token': token, 'owners': dag['owners'],
            'description': dag['description'], 'schedule_interval': dag['schedule'],
            'timetable_description': dag['timetable_description'], 'tags': [{'name': t} for t in dag['tags']],
            'max_active_tasks': 16, 'max_active_runs': dag['max_active_runs'], 'has_task_concurrency_limits': False,
            'has_import_errors': False, 'next_dagrun': iso(D(2024, 1, 13)) if dag['schedule'] else None,
            'next_dagrun_data_interval_start': iso(D(2024, 1, 13)) if dag['schedule'] else None,
            'next_dagrun_data_interval_end': iso(D(2024, 1, 14)) if dag['schedule'] else None,
            'next_dagrun_create_after': iso(D(2024, 1, 14)) if dag['schedule'] else None,
            'max_consecutive_failed_dag_runs': 0,
        }
        dag_docs.append(base)
        detail = dict(base)
        detail.update({
            'timezone': "Timezone('%s')" % dag['tz'], 'catchup': dag['catchup'], 'orientation': 'LR', 'concurrency': 16,
            'start_date': iso(dag['start']), 'dag_run_timeout': None, 'dataset_expression': dag['dataset_expression'],
            'doc_md': None,
            'params': {k: {'__class': 'airflow.models.param.Param', 'value': v, 'description': None, 'schema': {}}
                       for k, v in dag['params'].items()},
            'end_date': None, 'is_paused_upon_creation': None, 'last_parsed': iso(PARSED),
            'template_search_path': ['/opt/airflow/dags/sql'] if dag['dag_id'] == 'ecommerce_daily' else None,
            'render_template_as_native_obj': False,
        })
        d = 'dags/' + dag['dag_id']
        write('v1/%s/details.json' % d, detail)
        tasks = []
        for t in dag['tasks']:
            module, cls, opname, tfields, color = t['op']
            tasks.append({
                'class_ref': {'module_path': module, 'class_name': cls}, 'task_id': t['task_id'],
                'task_display_name': t['task_id'], 'owner': t['owner'], 'start_date': iso(dag['start']), 'end_date': None,
                'trigger_rule': t['trigger'], 'extra_links': [], 'depends_on_past': False, 'is_mapped': False,
                'wait_for_downstream': False, 'retries': float(t['retries']), 'queue': 'default', 'executor': None,
                'pool': t['pool'], 'pool_slots': 1.0, 'execution_timeout': td(t['exec_timeout']),
                'retry_delay': td(t['retry_delay']), 'retry_exponential_backoff': False,
                'priority_weight': float(t['weight']), 'weight_rule': 'downstream', 'ui_color': color,
                'ui_fgcolor': '#000', 'template_fields': tfields, 'sub_dag': None,
                'downstream_task_ids': t['downstream'], 'doc_md': None,
                # served by Airflow 2 although the spec does not declare them
                'operator_name': opname, 'params': {},
            })
        write('v1/%s/tasks.json' % d, {'tasks': tasks, 'total_entries': len(tasks)})
        write('v1/dagSources/%s.json' % token, {'content': src(dag['file'])})
        runs = []
        for r in dag['runs']:
            rid = run_id(dag, r)
            runs.append({
                'dag_run_id': rid, 'dag_id': dag['dag_id'], 'logical_date': iso(r['logical']),
                'execution_date': iso(r['logical']), 'start_date': iso(r['end'] + dt.timedelta(seconds=4)),
                'end_date': iso(r['end'] + dt.timedelta(minutes=3, seconds=12)), 'data_interval_start': iso(r['start']),
                'data_interval_end': iso(r['end']), 'last_scheduling_decision': iso(r['end'] + dt.timedelta(minutes=3, seconds=12)),
                'run_type': r['run_type'], 'state': 'success', 'external_trigger': False, 'conf': {}, 'note': None,
            })
            tis = []
            for t in dag['tasks']:
                module, cls, opname, tfields, color = t['op']
                s = r['end'] + dt.timedelta(seconds=30)
                tis.append({
                    'task_id': t['task_id'], 'task_display_name': t['task_id'], 'dag_id': dag['dag_id'], 'dag_run_id': rid,
                    'execution_date': iso(r['logical']), 'start_date': iso(s), 'end_date': iso(s + dt.timedelta(seconds=21)),
                    'duration': 21.0, 'state': 'success', 'try_number': 1, 'map_index': -1, 'max_tries': t['retries'],
                    'hostname': 'worker-1', 'unixname': 'airflow', 'pool': t['pool'], 'pool_slots': 1, 'queue': 'default',
                    'priority_weight': t['weight'], 'operator': cls, 'queued_when': iso(s - dt.timedelta(seconds=2)),
                    'pid': 4242, 'executor': None, 'executor_config': '{}', 'sla_miss': None, 'rendered_map_index': None,
                    'rendered_fields': rendered(t, dag, r), 'trigger': None, 'triggerer_job': None, 'note': None,
                })
            write('v1/%s/taskInstances/%s.json' % (d, rid), {'task_instances': tis, 'total_entries': len(tis)})
        write('v1/%s/dagRuns.json' % d, {'dag_runs': runs, 'total_entries': len(runs)})
    write('v1/dags.json', {'dags': dag_docs, 'total_entries': len(dag_docs)})
    write('v1/datasets.json', {'datasets': [{
        'id': 1, 'uri': DAILY_URI, 'extra': {}, 'created_at': iso(D(2024, 1, 1, 0, 5)), 'updated_at': iso(PARSED),
        'consuming_dags': [{'dag_id': 'customer_segments', 'created_at': iso(D(2024, 1, 1, 0, 5)), 'updated_at': iso(PARSED)}],
        'producing_tasks': [{'task_id': 'daily_customer_totals', 'dag_id': 'ecommerce_daily',
                             'created_at': iso(D(2024, 1, 1, 0, 5)), 'updated_at': iso(PARSED)}],
    }], 'total_entries': 1})

# ---------------------------------------------------------------- v2
def v2():
    dag_docs = []
    version_ids = {}
    for i, dag in enumerate(DAGS):
        vid = str(uuid.uuid5(uuid.NAMESPACE_URL, 'dag-version/' + dag['dag_id']))
        version = {'id': vid, 'version_number': 1, 'dag_id': dag['dag_id'], 'bundle_name': 'dags-folder',
                   'bundle_version': None, 'created_at': iso(D(2024, 1, 1, 0, 1)), 'dag_display_name': dag['dag_id'],
                   'bundle_url': None}
        scheduled = dag['schedule'] is not None
        base = {
            'dag_id': dag['dag_id'], 'dag_display_name': dag['dag_id'], 'is_paused': dag['paused'], 'is_stale': False,
            'last_parsed_time': iso(PARSED), 'last_parse_duration': 0.183, 'last_expired': None,
            'bundle_name': 'dags-folder', 'bundle_version': None, 'relative_fileloc': dag['file'],
            'fileloc': '/opt/airflow/dags/' + dag['file'], 'description': dag['description'],
            'timetable_summary': dag['v3_summary'], 'timetable_description': dag['v3_description'],
            'timetable_partitioned': False,
            'tags': [{'name': t, 'dag_id': dag['dag_id'], 'dag_display_name': dag['dag_id']} for t in dag['tags']],
            'max_active_tasks': 16, 'max_active_runs': dag['max_active_runs'], 'max_consecutive_failed_dag_runs': 0,
            'has_task_concurrency_limits': False, 'has_import_errors': False,
            'next_dagrun_logical_date': iso(D(2024, 1, 13)) if scheduled else None,
            'next_dagrun_data_interval_start': iso(D(2024, 1, 13)) if scheduled else None,
            'next_dagrun_data_interval_end': iso(D(2024, 1, 14)) if scheduled else None,
            'next_dagrun_run_after': iso(D(2024, 1, 14)) if scheduled else None,
            'allowed_run_types': None, 'owners': dag['owners'],
            'file_token': '.eJzLz0_OTNFLLS5JTEnVS87PKs4vSs1LzUtJzEvPTFXIK8rMSy9KBABPfRGz.' + dag['dag_id'],
        }
        dag_docs.append(base)
        detail = dict(base)
        asset_expr = None
        if dag['dataset_expression']:
            asset_expr = {'all': [{'asset': {'uri': u, 'name': u, 'group': 'asset', 'id': 1}}
                                  for u in dag['dataset_expression']['all']]}
        detail.update({
            'catchup': dag['catchup'], 'dag_run_timeout': None, 'asset_expression': asset_expr, 'doc_md': None,
            'start_date': iso(dag['start']), 'end_date': None, 'is_paused_upon_creation': None,
            'params': {k: {'value': v, 'schema': {}, 'description': None, 'source': 'dag'} for k, v in dag['params'].items()},
            'render_template_as_native_obj': False,
            'template_search_path': ['/opt/airflow/dags/sql'] if dag['dag_id'] == 'ecommerce_daily' else None,
            'timezone': dag['tz'], 'last_parsed': iso(PARSED),
            'default_args': {'owner': dag['owners'][0]}, 'owner_links': {}, 'is_favorite': False,
            'active_runs_count': 0, 'concurrency': 16, 'latest_dag_version': version,
        })
        d = 'dags/' + dag['dag_id']
        write('v2/%s/details.json' % d, detail)
        tasks = []
        for t in dag['tasks']:
            module, cls, opname, tfields, color = t['op']
            tasks.append({
                'task_id': t['task_id'], 'task_display_name': t['task_id'], 'owner': t['owner'],
                'start_date': iso(dag['start']), 'end_date': None, 'trigger_rule': t['trigger'],
                'depends_on_past': False, 'wait_for_downstream': False, 'retries': float(t['retries']),
                'queue': 'default', 'pool': t['pool'], 'pool_slots': 1.0, 'execution_timeout': td(t['exec_timeout']),
                'retry_delay': td(t['retry_delay']), 'retry_exponential_backoff': 0.0,
                'priority_weight': float(t['weight']), 'weight_rule': 'downstream', 'ui_color': color,
                'ui_fgcolor': '#000', 'template_fields': tfields, 'downstream_task_ids': t['downstream'], 'doc_md': None,
                'operator_name': opname, 'params': {},
                'class_ref': {'module_path': V3_MODULE.get(module, module), 'class_name': cls},
                'is_mapped': False, 'extra_links': [],
            })
        write('v2/%s/tasks.json' % d, {'tasks': tasks, 'total_entries': len(tasks)})
        write('v2/dagSources/%s.json' % dag['dag_id'], {'content': src(dag['file']), 'dag_id': dag['dag_id'],
                                                        'version_number': 1, 'dag_display_name': dag['dag_id']})
        runs = []
        for r in dag['runs']:
            rid = run_id(dag, r).replace('dataset_triggered', 'asset_triggered')
            rtype = 'asset_triggered' if r['run_type'] == 'dataset_triggered' else r['run_type']
            runs.append({
                'dag_run_id': rid, 'dag_id': dag['dag_id'], 'logical_date': iso(r['logical']),
                'queued_at': iso(r['end'] + dt.timedelta(seconds=1)), 'start_date': iso(r['end'] + dt.timedelta(seconds=4)),
                'end_date': iso(r['end'] + dt.timedelta(minutes=3, seconds=12)), 'duration': 188.0,
                'data_interval_start': iso(r['start']), 'data_interval_end': iso(r['end']),
                'run_after': iso(r['end']), 'last_scheduling_decision': iso(r['end'] + dt.timedelta(minutes=3, seconds=12)),
                'run_type': rtype, 'state': 'success',
                'triggered_by': 'asset' if rtype == 'asset_triggered' else 'timetable', 'triggering_user_name': None,
                'conf': {}, 'note': None, 'dag_versions': [version], 'bundle_version': None,
                'dag_display_name': dag['dag_id'], 'partition_key': None,
            })
            tis = []
            for t in dag['tasks']:
                module, cls, opname, tfields, color = t['op']
                s = r['end'] + dt.timedelta(seconds=30)
                tis.append({
                    'id': str(uuid.uuid5(uuid.NAMESPACE_URL, rid + '/' + t['task_id'])), 'task_id': t['task_id'],
                    'dag_id': dag['dag_id'], 'dag_run_id': rid, 'map_index': -1, 'logical_date': iso(r['logical']),
                    'run_after': iso(r['end']), 'start_date': iso(s), 'end_date': iso(s + dt.timedelta(seconds=21)),
                    'duration': 21.0, 'state': 'success', 'try_number': 1, 'max_tries': t['retries'],
                    'task_display_name': t['task_id'], 'dag_display_name': dag['dag_id'], 'hostname': 'worker-1',
                    'unixname': 'airflow', 'pool': t['pool'], 'pool_slots': 1, 'queue': 'default',
                    'priority_weight': t['weight'], 'operator': cls, 'operator_name': opname,
                    'queued_when': iso(s - dt.timedelta(seconds=2)), 'scheduled_when': iso(s - dt.timedelta(seconds=3)),
                    'pid': 4242, 'executor': None, 'executor_config': '{}', 'note': None, 'rendered_map_index': None,
                    'rendered_fields': rendered(t, dag, r), 'trigger': None, 'triggerer_job': None, 'dag_version': version,
                })
            write('v2/%s/taskInstances/%s.json' % (d, rid), {'task_instances': tis, 'total_entries': len(tis)})
        write('v2/%s/dagRuns.json' % d, {'dag_runs': runs, 'total_entries': len(runs)})
    write('v2/dags.json', {'dags': dag_docs, 'total_entries': len(dag_docs)})
    write('v2/assets.json', {'assets': [{
        'id': 1, 'name': DAILY_URI, 'uri': DAILY_URI, 'group': 'asset', 'extra': {},
        'created_at': iso(D(2024, 1, 1, 0, 5)), 'updated_at': iso(PARSED),
        'scheduled_dags': [{'dag_id': 'customer_segments', 'created_at': iso(D(2024, 1, 1, 0, 5)), 'updated_at': iso(PARSED)}],
        'producing_tasks': [{'dag_id': 'ecommerce_daily', 'task_id': 'daily_customer_totals',
                             'created_at': iso(D(2024, 1, 1, 0, 5)), 'updated_at': iso(PARSED)}],
        'consuming_tasks': [], 'aliases': [], 'watchers': [],
        'last_asset_event': {'id': 17, 'timestamp': iso(D(2024, 1, 13, 0, 3, 16))},
    }], 'total_entries': 1})

v1(); v2()
# errors, as the two generations shape them
write('v1/errors/401.json', {'type': 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/Unauthenticated',
                             'title': 'Unauthorized', 'status': 401, 'detail': None})
write('v1/errors/404.json', {'type': 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/NotFound',
                             'title': 'DAG not found', 'status': 404, 'detail': "DAG with dag_id: 'ecommerce_daily' not found"})
write('v1/errors/503.json', {'type': 'about:blank', 'title': 'Service Unavailable', 'status': 503, 'detail': 'The server is temporarily unable to handle the request.'})
write('v2/errors/401.json', {'detail': 'Not authenticated'})
write('v2/errors/404.json', {'detail': 'The Dag with ID: `ecommerce_daily` was not found'})
# the bridge's errors: without permission, and a run id already in use
write('v1/errors/403.json', {'type': 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/PermissionDenied',
                             'title': 'Forbidden', 'status': 403, 'detail': None})
write('v1/errors/409.json', {'type': 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/AlreadyExists',
                             'title': 'Conflict', 'status': 409,
                             'detail': "DAGRun with DAG ID: 'ecommerce_daily' and DAGRun ID: 'gateway__cutover_1' already exists"})
write('v2/errors/403.json', {'detail': 'Forbidden'})
write('v2/errors/409.json', {'detail': {'reason': 'Unique constraint violation',
                                        'statement': 'INSERT INTO dag_run (dag_id, run_id, ...) VALUES (...)',
                                        'orig_error': 'duplicate key value violates unique constraint "dag_run_dag_id_run_id_key"'}})
write('v2/auth/token.json', {'access_token': 'eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl'})
