-- wrk script: POST the JSON body in $BODY (bench/bench_http.sh sets it).
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/json"
