#!/usr/bin/env bash
# The action's comment step: posts the plan on the pull request, shortened to GitHub's 65,536-character limit,
# updating the previous plan comment of the same environment (found by a hidden marker) instead of adding one.
# Input (environment): GH_TOKEN, REPO, PR, ENV_NAME, PLAN_MD, ARTIFACT, RUN_URL.
set -euo pipefail

marker="<!-- topicctl-plan: $ENV_NAME -->"
body=$(mktemp)
trap 'rm -f "$body"' EXIT
printf '%s\n' "$marker" >"$body"
where="the job summary of [the workflow run]($RUN_URL) and its artifact \`$ARTIFACT\`"
"$(dirname "${BASH_SOURCE[0]}")/shorten-plan.sh" "$PLAN_MD" $((65536 - ${#marker} - 1)) "$where" >>"$body"

# The marker reaches jq as data (env.MARKER), never as program text: an environment name is spec text.
id=$(MARKER=$marker gh api --paginate "repos/$REPO/issues/$PR/comments" \
  --jq '[.[] | select(.body | startswith(env.MARKER)) | .id] | last // empty' | tail -n 1)
if [[ -n $id ]]; then
  gh api -X PATCH "repos/$REPO/issues/comments/$id" -F "body=@$body" >/dev/null
  echo "Updated the plan comment $id"
else
  gh api -X POST "repos/$REPO/issues/$PR/comments" -F "body=@$body" >/dev/null
  echo "Commented the plan on #$PR"
fi
