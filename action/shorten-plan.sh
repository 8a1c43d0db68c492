#!/usr/bin/env bash
# Shortens a markdown plan to fit a limit (GitHub: 65,536 characters for a comment, 1 MiB for a job summary).
#
#   action/shorten-plan.sh FILE [LIMIT] [WHERE]    prints FILE, or its head and a note, to stdout
#
# A plan within LIMIT (default 65536) is printed unchanged. A longer one keeps its first lines (cut at a line
# boundary, an open ``` block closed) and ends with a note saying how much was cut and WHERE the whole plan is.
# Sizes are counted in bytes (LC_ALL=C): a byte count never undercounts characters, so the result fits in
# characters too. Plain bash and POSIX awk: runs on ubuntu and macos runners (mawk, gawk, BSD awk).
set -euo pipefail

file=${1:?usage: shorten-plan.sh FILE [LIMIT] [WHERE]}
limit=${2:-65536}
where=${3:-the job summary and the artifacts of this workflow run}
size=$(LC_ALL=C wc -c <"$file" | tr -d ' ')
if ((size <= limit)); then
  cat "$file"
  exit 0
fi
lines=$(LC_ALL=C awk 'END { print NR }' "$file")
LC_ALL=C awk -v limit="$limit" -v size="$size" -v total="$lines" -v where="$where" '
  function note(kept, fence) {
    return (fence ? "```\n" : "") "\n---\n> [!WARNING]\n> This plan is too long for a comment (" size \
      " bytes): only its first " kept " of " total " lines are shown. The whole plan is in " where ".\n"
  }
  {
    line = $0 "\n"
    f = fence
    if ($0 ~ /^[ \t]*```/) f = !fence
    # Keep the line only if, with it, the note (and a closing fence) still fit.
    if (done || used + length(line) + length(note(NR, f)) > limit) { done = 1; next }
    used += length(line); fence = f; kept = NR; printf "%s", line
  }
  END { printf "%s", note(kept + 0, fence) }
' "$file"
