"""The tally the server test scripts share: one "ok"/"FAIL" line per check and a final
"RESULT passed=N failed=M" line, which tests/run.sh reads."""

passed = failed = 0


def check(name, ok, detail=""):
    """Counts and prints one check; detail (cut to 800 characters) follows a failure."""
    global passed, failed
    if ok:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name)
        if detail:
            print("     " + str(detail)[:800])


def result():
    """Prints the RESULT line; returns the exit status (1 when any check failed)."""
    print("RESULT passed=%d failed=%d" % (passed, failed))
    return 1 if failed else 0
