#!/usr/bin/env bash
# The action's install step: which released topicctl to install, then the installer (checksum verified).
# Input (environment): VERSION (the action's `version` input), ACTION_PATH, ACTION_REF, ACTION_REPO, GH_TOKEN.
set -euo pipefail

version=${VERSION:-}
repo=${ACTION_REPO:-}
ref=${ACTION_REF:-}
# github.action_repository / action_ref can be empty inside composite actions: the action's folder is
# …/_actions/OWNER/NAME/REF, which says the same.
if [[ -z $repo || -z $ref ]] && [[ $ACTION_PATH == */_actions/*/*/* ]]; then
  rest=${ACTION_PATH#*/_actions/}
  IFS=/ read -r owner name path_ref _ <<<"$rest"
  repo=${repo:-$owner/$name}
  ref=${ref:-$path_ref}
fi
repo=${repo:-topicctl-dev/topicctl}

if [[ $version == installed ]]; then
  command -v topicctl >/dev/null 2>&1 || { echo "::error::version: installed, but no topicctl on PATH"; exit 1; }
  topicctl --version
  exit 0
fi
if [[ -z $version ]]; then
  if [[ $ref =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    version=$ref
  elif [[ $ref =~ ^v[0-9]+$ ]]; then
    # A major tag (v1): the newest v1.x release.
    version=$(gh api "repos/$repo/releases?per_page=100" \
      --jq "[.[] | select(.draft == false and .prerelease == false and (.tag_name | startswith(\"$ref.\")))][0].tag_name // empty")
    [[ -n $version ]] || { echo "::error::no $ref.x release of $repo"; exit 1; }
  else
    version=latest
  fi
fi
echo "Installing topicctl $version from $repo"
TOPICCTL_REPO=$repo TOPICCTL_VERSION=$version TOPICCTL_INSTALL_DIR=${TOPICCTL_INSTALL_DIR:-$RUNNER_TEMP/topicctl-bin} \
  sh "$ACTION_PATH/dist/topicctl-installer.sh"
echo "${TOPICCTL_INSTALL_DIR:-$RUNNER_TEMP/topicctl-bin}" >>"$GITHUB_PATH"
"${TOPICCTL_INSTALL_DIR:-$RUNNER_TEMP/topicctl-bin}/topicctl" --version
