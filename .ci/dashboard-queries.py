#!/usr/bin/env python3
"""Evaluates every query of a Grafana dashboard through Prometheus's HTTP API.

usage: dashboard-queries.py PROMETHEUS_URL DASHBOARD_JSON SWEEP

Queries are evaluated at the time of the last scrape of SWEEP (the sweep has exited by then,
and instant queries after its exit would only see stale series; other processes Prometheus
discovered on this machine may have been scraped later), with
$sweep replaced by SWEEP and $__rate_interval by four scrape intervals, as Grafana does. Each
must parse and return at least one series; failures are listed by panel title. Exit 1 on any.
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

RATE_INTERVAL = "4s"  # Grafana: max(4 x scrape interval, step + scrape interval), 1 s scrapes


def api(base, path, **params):
    url = base + path + "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:  # 400 on a parse error, with Prometheus's message
        return json.load(e)


def last_scrape(base, sweep):
    """Timestamp of the last scrape of the sweep's endpoint, and how many there were."""
    body = api(base, "/api/v1/query", query=f'superpose_sweep_progress_ratio{{sweep="{sweep}"}}[30m]')
    samples = [s for series in body["data"]["result"] for s in series["values"]]
    if len(samples) < 2:
        sys.exit(f"Prometheus scraped sweep {sweep} {len(samples)} time(s); at least 2 are needed")
    return max(float(t) for t, _ in samples), len(samples)


def queries(dashboard):
    def walk(panels):
        for panel in panels:
            yield from ((panel["title"], t["expr"]) for t in panel.get("targets", []) if "expr" in t)
            yield from walk(panel.get("panels", []))
    return list(walk(dashboard["panels"]))


def main(base, dashboard_file, sweep):
    with open(dashboard_file) as f:
        dashboard = json.load(f)
    at, scrapes = last_scrape(base, sweep)
    print(f"dashboard-queries: {scrapes} scrapes of sweep {sweep}; evaluating at the last one")
    failures = []

    sweeps = api(base, "/api/v1/label/sweep/values")["data"]
    if sweep not in sweeps:
        failures.append(f"variable 'sweep': label values {sweeps} lack {sweep!r}")

    for title, expr in queries(dashboard):
        query = expr.replace("$__rate_interval", RATE_INTERVAL).replace("${sweep}", sweep).replace("$sweep", sweep)
        body = api(base, "/api/v1/query", query=query, time=at)
        if body.get("status") != "success":
            failures.append(f"panel '{title}': {body.get('error')}: {query}")
        elif not body["data"]["result"]:
            failures.append(f"panel '{title}': no series: {query}")
        else:
            print(f"  ok  {len(body['data']['result']):3d} series  {title}: {query}")
    for failure in failures:
        print("FAIL " + failure)
    if failures:
        sys.exit(1)
    print(f"dashboard-queries: all {len(queries(dashboard))} queries returned series")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
