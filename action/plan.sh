#!/usr/bin/env bash
# The action's validate and plan step. Input (environment): ENV_NAME, SPECS (folders, space separated), OUT_DIR,
# and optionally IN_VARIABLES / IN_ALLOWED_ENDPOINTS (else TOPICCTL_VARS / TOPICCTL_ALLOWED_ENDPOINTS as set).
# Writes OUT_DIR/plan.json and OUT_DIR/plan.md; outputs (GITHUB_OUTPUT): exitcode, has-changes, blocked,
# plan-file, plan-markdown. Exit status: topicctl plan's, except 2 (changes) is success.
set -euo pipefail

[[ -z ${IN_VARIABLES:-} ]] || export TOPICCTL_VARS=$IN_VARIABLES
[[ -z ${IN_ALLOWED_ENDPOINTS:-} ]] || export TOPICCTL_ALLOWED_ENDPOINTS=$IN_ALLOWED_ENDPOINTS
read -ra folders <<<"${SPECS:-specs}"
files=()
for f in "${folders[@]}"; do files+=(-f "$f"); done
mkdir -p "$OUT_DIR"
json=$OUT_DIR/plan.json
md=$OUT_DIR/plan.md
rm -f "$json" "$md"
out=${GITHUB_OUTPUT:-/dev/null}
{
  echo "plan-file=$json"
  echo "plan-markdown=$md"
} >>"$out"

code=0
topicctl validate "${files[@]}" --env "$ENV_NAME" || code=$?
if ((code == 0)); then
  topicctl plan "${files[@]}" --env "$ENV_NAME" --format markdown --detailed-exitcode --out "$json" >"$md" || code=$?
fi
blocked=0
if [[ -s $json ]]; then
  blocked=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["blocked"])' "$json")
fi
# 0: no changes, 2: changes, 1: an error or blocked changes (summary.blocked > 0 in the saved plan).
has_changes=false
[[ $code == 2 ]] && has_changes=true
[[ $code == 1 && -s $json ]] && has_changes=$(python3 -c 'import json,sys; print(str(json.load(open(sys.argv[1]))["summary"]["has_changes"]).lower())' "$json")
{
  echo "exitcode=$code"
  echo "has-changes=$has_changes"
  echo "blocked=$([[ $blocked -gt 0 ]] && echo true || echo false)"
} >>"$out"
if [[ ! -s $md ]]; then
  # shellcheck disable=SC2016 # backquotes are markdown
  printf '### topicctl plan `%s` failed (exit %s)\n\nSee the log of this workflow run.\n' "$ENV_NAME" "$code" >"$md"
fi
if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  # A job summary holds at most 1 MiB.
  "$(dirname "${BASH_SOURCE[0]}")/shorten-plan.sh" "$md" 1000000 "the artifact ${ARTIFACT:-of this run}" >>"$GITHUB_STEP_SUMMARY"
fi
if [[ $code == 0 || $code == 2 ]]; then exit 0; fi
((blocked > 0)) && echo "::error::$blocked change(s) blocked in $ENV_NAME: see the plan"
exit "$code"
