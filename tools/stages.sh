# Stage times for .ci/run and tools/release-check (sourced, not run): `stage NAME` starts a stage
# and ends the one before, printing "ci: stage NAME took N s"; at exit the stage that failed, if
# one did, and the total are printed, so that a slow or broken run says where its time went.
# `$work` is a scratch folder removed at exit.
work=$(mktemp -d)
stage_name=
stage_start=$SECONDS

stage() {
  [ -z "$stage_name" ] || echo "ci: stage $stage_name took $((SECONDS - stage_start)) s"
  stage_name=$1
  stage_start=$SECONDS
}

stages_done() {
  local rc=$?
  if [ "$rc" = 0 ]; then
    stage ""
  else
    echo "ci: stage $stage_name failed after $((SECONDS - stage_start)) s"
  fi
  echo "ci: total $SECONDS s"
  rm -rf "$work"
  return "$rc"
}
trap stages_done EXIT
