#!/usr/bin/env python3
"""Derives src/main/openapi/*.yaml from the official Airflow specs: keeps the listed operations (and only
the listed query parameters), every schema, parameter and response they reference, byte-for-byte in
meaning, and drops descriptions and examples. Not part of the build (which never reads the reference
specs); run it by hand when the importer needs another endpoint:

    python3 tools/openapi_subset.py <dir with airflow2-v1.yaml, airflow3-v2.yaml, airflow3-simple-auth-manager.yaml> src/main/openapi
"""
import yaml, sys, copy, re
PROSE = {'description','summary','example','examples','x-openapi-router-controller','externalDocs'}
def strip(o, names=False, response=False):
    if isinstance(o, dict):
        if names:  # keys of a properties/responses map are names, never prose
            return {k: strip(v, response=response) for k, v in o.items()}
        # a response object must keep its (one-line) description: OpenAPI requires it
        return {k: strip(v, k in ('properties', 'responses'), k == 'responses')
                for k, v in o.items() if k not in PROSE or (response and k == 'description')}
    if isinstance(o, list):
        return [strip(x) for x in o]
    return o
def refs(o, acc):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == '$ref' and isinstance(v, str): acc.add(v)
            else: refs(v, acc)
    elif isinstance(o, list):
        for x in o: refs(x, acc)
def subset(src, dst, ops, info, servers=None, keep_schemes=()):
    d = yaml.safe_load(open(src))
    out = {'openapi': d['openapi'], 'info': info}
    if servers: out['servers'] = servers
    if 'security' in d: out['security'] = d['security']
    paths = {}
    for path, method, params in ops:
        op = copy.deepcopy(d['paths'][path][method])
        if params is not None:
            def pname(p):
                if '$ref' in p:
                    return p['$ref']
                return p['name']
            op['parameters'] = [p for p in op.get('parameters', []) if pname(p) in params or (('$ref' in p) and p['$ref'].split('/')[-1] in params)]
        # path-level parameters
        pl = d['paths'][path].get('parameters')
        entry = paths.setdefault(path, {})
        if pl: entry['parameters'] = pl
        entry[method] = op
    out['paths'] = strip(paths)
    comps = {}
    todo = set(); refs(out['paths'], todo)
    done = set()
    while todo:
        r = todo.pop()
        if r in done: continue
        done.add(r)
        _, _, kind, name = r.split('/')
        node = strip(d['components'][kind][name], response=(kind == 'responses'))
        comps.setdefault(kind, {})[name] = node
        nr = set(); refs(node, nr); todo |= (nr - done)
    ss = d.get('components', {}).get('securitySchemes', {})
    if keep_schemes:
        comps['securitySchemes'] = {k: strip(ss[k]) for k in keep_schemes}
    order = ['schemas', 'parameters', 'responses', 'requestBodies', 'securitySchemes']
    out['components'] = {k: dict(sorted(comps[k].items())) for k in sorted(comps, key=order.index)}
    header = ("# Subset of the Apache Airflow REST API specification (Apache License 2.0,\n"
              "# (c) The Apache Software Foundation), reduced to the operations and schemas the\n"
              "# importer uses. Paths, parameters, field names, types, enums and nullability are\n"
              "# kept exactly as in the official document; descriptions and examples are omitted.\n"
              f"# Source: {info['x-source']}\n")
    with open(dst, 'w') as f:
        f.write(header)
        yaml.safe_dump(out, f, sort_keys=False, width=120, allow_unicode=True)
    print(dst, len(paths), 'paths', sum(len(v) for v in comps.values()), 'components')

R = sys.argv[1].rstrip('/') + '/'
O = sys.argv[2]
subset(R+'airflow2-v1.yaml', O+'/airflow-v1.yaml', [
    ('/dags','get',{'PageLimit','PageOffset','OrderBy','FilterTags','OnlyActive','Paused','dag_id_pattern'}),
    ('/dags/{dag_id}','get',set()),
    ('/dags/{dag_id}/details','get',set()),
    ('/dags/{dag_id}/tasks','get',{'order_by'}),
    ('/dagSources/{file_token}','get',None),
    ('/dags/{dag_id}/dagRuns','get',{'PageLimit','PageOffset','FilterState','OrderBy'}),
    ('/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances','get',None),
    ('/datasets','get',{'PageLimit','PageOffset','OrderBy','uri_pattern','dag_ids'}),
    # bridge operations: pause/unpause, dataset events, trigger a run and poll it
    ('/dags/{dag_id}','patch',{'UpdateMask'}),
    ('/datasets/events','get',{'PageLimit','PageOffset','OrderBy','FilterDatasetID','FilterSourceDAGID',
                               'FilterSourceTaskID','FilterSourceRunID','FilterSourceMapIndex'}),
    ('/datasets/events','post',None),
    ('/dags/{dag_id}/dagRuns','post',None),
    ('/dags/{dag_id}/dagRuns/{dag_run_id}','get',set()),
  ], {'title':'Airflow API (Airflow 2, subset)','version':'2.10.5',
      'x-source':'apache/airflow airflow/api_connexion/openapi/v1.yaml, API version 2.10.5 (same in 2.11.0)'},
  servers=[{'url':'/api/v1'}], keep_schemes=('Basic',))
subset(R+'airflow3-v2.yaml', O+'/airflow-v2.yaml', [
    ('/api/v2/dags','get',{'limit','offset','tags','tags_match_mode','dag_id_pattern','exclude_stale','paused','order_by'}),
    ('/api/v2/dags/{dag_id}','get',None),
    ('/api/v2/dags/{dag_id}/details','get',None),
    ('/api/v2/dags/{dag_id}/tasks','get',None),
    ('/api/v2/dagSources/{dag_id}','get',{'dag_id','version_number'}),
    ('/api/v2/dags/{dag_id}/dagRuns','get',{'dag_id','limit','offset','state','order_by'}),
    ('/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances','get',{'dag_id','dag_run_id','task_id','limit','offset','order_by'}),
    ('/api/v2/assets','get',{'limit','offset','name_pattern','uri_pattern','dag_ids','only_active','order_by'}),
    # bridge operations: pause/unpause, asset events, trigger a run and poll it
    ('/api/v2/dags/{dag_id}','patch',{'dag_id','update_mask'}),
    ('/api/v2/assets/events','get',{'limit','offset','order_by','asset_id','source_dag_id','source_task_id',
                                    'source_run_id','source_map_index','timestamp_gt'}),
    ('/api/v2/assets/events','post',None),
    ('/api/v2/dags/{dag_id}/dagRuns','post',None),
    ('/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}','get',None),
  ], {'title':'Airflow API (Airflow 3, subset)','version':'2',
      'x-source':'apache/airflow airflow-core/src/airflow/api_fastapi/core_api/openapi/v2-rest-api-generated.yaml (surface of 3.2.0)'},
  keep_schemes=('OAuth2PasswordBearer','HTTPBearer'))
subset(R+'airflow3-simple-auth-manager.yaml', O+'/airflow-auth.yaml', [
    ('/auth/token','post',None),
  ], {'title':'Airflow simple auth manager (Airflow 3, subset)','version':'0.1.0',
      'x-source':'apache/airflow airflow-core/src/airflow/api_fastapi/auth/managers/simple/openapi/v2-simple-auth-manager-generated.yaml'})
