#!/usr/bin/env bash
# Checks the formatting (dotnet format), runs the whole test suite (restore, build, test) and the examples against the
# packed NuGet packages (examples/run-all), and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The MuJoCo tasks load Debian's libmujoco 2.2.2: installed here when missing (quietly).
.ci/install-mujoco
log=$(mktemp)
# House style (.editorconfig): `dotnet format` must find nothing to change. It restores the solution itself, so this
# works in a fresh clone; a failure counts as one failed test and the run goes on.
format_failed=0
if ! dotnet format Kernel.sln --verify-no-changes >"$log" 2>&1; then
  grep -E 'error|warning' "$log" | head -50 || tail -20 "$log"
  echo "dotnet format --verify-no-changes failed (above): the code does not follow .editorconfig; run 'dotnet format Kernel.sln' and commit the result" >&2
  format_failed=1
fi
dotnet test Kernel.sln -c Release --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 123, Skipped: 0, ..."
read -r passed failed < <(awk '/(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) } }
  END { print p + 0, f + 0 }' FS='[ ,]+' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status: the build or a test host failed (see above)" >&2
  failed=1
fi
# The examples, built against the packed NuGet packages and run; each counts as one test.
examples/run-all 2>&1 | tee "$log"
examples_status=${PIPESTATUS[0]}
read -r examples_passed examples_failed < <(sed -n 's/^examples: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log")
passed=$((passed + ${examples_passed:-0}))
failed=$((failed + ${examples_failed:-1} + format_failed))
[ "$examples_status" -ne 0 ] && [ "$status" -eq 0 ] && status=$examples_status
[ "$format_failed" -ne 0 ] && [ "$status" -eq 0 ] && status=1
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
