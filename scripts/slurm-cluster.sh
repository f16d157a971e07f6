#!/usr/bin/env bash
# A private single-node Slurm cluster for tests: its own munged (key, socket), slurmctld and slurmd, all state in
# one folder, run as root without systemd, stopped cleanly afterwards. Used by the sweep tests and by .ci/run.
#
#   scripts/slurm-cluster.sh start [DIR]   # starts it; prints "export SLURM_CONF=DIR/slurm.conf"
#   scripts/slurm-cluster.sh stop [DIR]    # stops every daemon it started and waits until they are gone
#   scripts/slurm-cluster.sh status [DIR]  # sinfo through the cluster's configuration
#
# DIR defaults to ${CATALOGUE_SLURM_DIR:-/tmp/catalogue-slurm}. Needs the Debian packages slurm-wlm and munge
# (scripts/setup.sh --tests installs them). Facts this relies on: munged accepts a socket folder 0755 and a key
# 0600; clients find it through AuthInfo=socket=…; a killed daemon can linger as a zombie of whoever started it,
# so liveness is read from /proc/PID/stat, not `kill -0`.
set -euo pipefail

command=${1:-}
dir=${2:-${CATALOGUE_SLURM_DIR:-/tmp/catalogue-slurm}}
node=$(hostname -s)

die() {
  echo "slurm-cluster: $*" >&2
  exit 1
}

# Whether PID is a live process (not absent, not a zombie).
alive() {
  local pid=$1 state
  [ -r "/proc/$pid/stat" ] || return 1
  state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# Runs a daemon with every inherited descriptor above 2 closed (a descriptor a parent holds, such as a lock or
# the pipe of a test runner, must not be kept open for the daemon's lifetime).
spawn() {
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec "$@" </dev/null >>"$dir/daemons.out" 2>&1
  )
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop_pidfile() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file" 2>/dev/null || true)
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

stop() {
  [ -d "$dir" ] || return 0
  stop_pidfile "$dir/slurmd.pid"
  stop_pidfile "$dir/slurmctld.pid"
  stop_pidfile "$dir/munge/munged.pid"
}

start() {
  for tool in munged mungekey slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || die "$tool not found: install the Debian packages slurm-wlm and munge (scripts/setup.sh --tests)"
  done
  [ "$(id -u)" -eq 0 ] || die "the test cluster runs its daemons as root; run as root"
  stop
  rm -rf "$dir"
  mkdir -p "$dir/munge" "$dir/state" "$dir/spool"
  chmod 0755 "$dir" "$dir/munge"
  mungekey --create --keyfile="$dir/munge/munge.key" --force >/dev/null 2>&1 ||
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 0600 "$dir/munge/munge.key"

  spawn munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed"
  for _ in $(seq 1 50); do
    [ -S "$dir/munge/munge.socket" ] && break
    sleep 0.1
  done
  [ -S "$dir/munge/munge.socket" ] || die "munged did not start (see $dir/munge/munged.log)"

  local ctld_port slurmd_port
  ctld_port=$(free_port)
  slurmd_port=$(free_port)
  cat >"$dir/slurm.conf" <<EOF
ClusterName=catalogue-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
MailProg=/bin/true
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
MinJobAge=300
ReturnToService=2
MaxArraySize=10001
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1024 State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  spawn slurmctld -c -f "$SLURM_CONF"
  spawn slurmd -N "$node" -f "$SLURM_CONF"
  for _ in $(seq 1 150); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      echo "export SLURM_CONF=$SLURM_CONF"
      return 0
    fi
    sleep 0.2
  done
  echo "slurm-cluster: the node did not become idle; logs:" >&2
  tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" "$dir/daemons.out" >&2 2>/dev/null || true
  stop
  exit 1
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) SLURM_CONF="$dir/slurm.conf" sinfo ;;
  *) die "usage: slurm-cluster.sh start|stop|status [DIR]" ;;
esac
