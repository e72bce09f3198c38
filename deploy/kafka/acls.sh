#!/usr/bin/env bash
# Creates the SCRAM users and the ACLs of the platform's Kafka principals, with the stock
# kafka-configs.sh and kafka-acls.sh of the Apache Kafka distribution. Each deployment has its
# own principal, allowed only what its code does (docs/architecture.md, "Security": an
# intake reads only its own governing body's availability topic). Idempotent: adding an ACL or a SCRAM credential that exists is a no-op
# (a credential is reset to the given password).
#
#   deploy/kafka/acls.sh --dry-run --agency 000.00.12.H26 --agency 000.00.15.H26
#   deploy/kafka/acls.sh --bootstrap-server kafka-0.example:9093 --command-config admin.properties \
#       --password-dir ./kafka-passwords --agency 000.00.12.H26
#   deploy/kafka/acls.sh --no-platform --agency 000.00.12.H17         # one more agency later
#
# Options
#   --bootstrap-server HOST:PORT  a broker of the cluster (or $KAFKA_BOOTSTRAP_SERVER)
#   --command-config FILE         admin client properties: the SASL/SSL settings of a principal
#                                 allowed to alter users and ACLs
#   --agency CODE[:BODY]          an agency whose intake this cluster serves (repeatable); BODY is
#                                 its governing body, derived as 000.00.00.<last group> if left out
#   --no-platform                 only the intakes named: vault, payment, notification and
#                                 platform-setup were set up already
#   --no-users                    ACLs only: the cluster's users are managed elsewhere
#   --mechanism SCRAM-SHA-512     or SCRAM-SHA-256; must match KAFKA_SASL_MECHANISM
#   --password-dir DIR            where each principal's password is read from (DIR/<principal>),
#                                 or written to, mode 600, when missing (generated)
#   --dry-run                     print the commands, run nothing (passwords are not printed)
#
# The Kafka tools are taken from $KAFKA_HOME/bin, else /opt/kafka/bin, else PATH.
#
# What each principal may do (topics are <owner>.<event>.v<N>; keep in step with
# libs/contracts: PLATFORM_TOPICS, availabilityTopic(), deadLetterTopic()):
#   platform-setup  create + describe the platform's topics (scripts/setup-topics.ts)
#   vault           write vault.* (its events, its dead letters); create the availability topics
#                   vault.document-availability.<body>.v1; read intake.document-verified.v1 and
#                   intake.document-reused.v1; consumer groups vault.*
#   payment         write payment.*; read intake.payment-requested.v1; groups payment.*
#   notification    write notification.*; read intake.dossier-lifecycle.v1 (status changes,
#                   apologies, issued results), intake.payment-requested.v1,
#                   payment.payment-outcome.v1, intake.document-reused.v1 (access alerts) and
#                   vault.directory-changed.v1 (agency names); groups notification.*
#   intake-<agency> write intake.*; read ONLY its own governing body's availability topic,
#                   vault.directory-changed.v1 and payment.payment-outcome.v1; groups
#                   intake-<agency code lowercased>.*
# Idempotent producers need no cluster permission since Kafka 3.0 (KIP-679): Write on the
# topic is enough.
set -euo pipefail

bootstrap="${KAFKA_BOOTSTRAP_SERVER:-}"
command_config=""
mechanism="SCRAM-SHA-512"
password_dir=""
dry_run=false
platform=true
users=true
agencies=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
fail() { echo "acls.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) bootstrap="${2:?}"; shift 2 ;;
    --command-config) command_config="${2:?}"; shift 2 ;;
    --mechanism) mechanism="${2:?}"; shift 2 ;;
    --password-dir) password_dir="${2:?}"; shift 2 ;;
    --agency) agencies+=("${2:?}"); shift 2 ;;
    --no-platform) platform=false; shift ;;
    --no-users) users=false; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) fail "unknown option $1 (see --help)" ;;
  esac
done

case "$mechanism" in
  SCRAM-SHA-256|SCRAM-SHA-512) ;;
  *) fail "--mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512" ;;
esac
if ! $dry_run; then
  [ -n "$bootstrap" ] || fail "--bootstrap-server is required (or use --dry-run)"
  if $users; then [ -n "$password_dir" ] || fail "--password-dir is required to create users (or --no-users)"; fi
fi
[ -n "$bootstrap" ] || bootstrap="BOOTSTRAP:9093"
if ! $platform && [ ${#agencies[@]} -eq 0 ]; then fail "nothing to do: give --agency CODE or drop --no-platform"; fi

# Same rules as libs/contracts: AGENCY_CODE_PATTERN and agencyCodeSlug().
agency_pattern='^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$'
slug() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | tr '.' '-'; }
lower() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }

# Every agency is checked before anything is changed, so a typo leaves the cluster as it was.
intakes=()
for entry in "${agencies[@]+"${agencies[@]}"}"; do
  code="${entry%%:*}"
  body="${entry#*:}"
  [ "$body" = "$entry" ] && body="000.00.00.${code##*.}"
  [[ "$code" =~ $agency_pattern ]] || fail "$code is not an agency code such as 000.00.12.H26"
  [[ "$body" =~ $agency_pattern ]] || fail "$body is not a governing body code such as 000.00.00.H26"
  intakes+=("$code:$body")
done

tool() {
  local name="$1"
  if [ -n "${KAFKA_HOME:-}" ] && [ -x "$KAFKA_HOME/bin/$name" ]; then echo "$KAFKA_HOME/bin/$name"
  elif [ -x "/opt/kafka/bin/$name" ]; then echo "/opt/kafka/bin/$name"
  else echo "$name"; fi
}
KAFKA_ACLS="$(tool kafka-acls.sh)"
KAFKA_CONFIGS="$(tool kafka-configs.sh)"
connection=(--bootstrap-server "$bootstrap")
[ -n "$command_config" ] && connection+=(--command-config "$command_config")

run() {
  if $dry_run; then printf '%q ' "$@" | sed 's/ $//'; echo; else "$@"; fi
}

# allow PRINCIPAL OPERATIONS(comma-separated) RESOURCE-TYPE NAME PATTERN-TYPE
allow() {
  local principal="$1" operations="$2" type="$3" name="$4" pattern="$5"
  local ops=()
  IFS=',' read -r -a list <<<"$operations"
  for op in "${list[@]}"; do ops+=(--operation "$op"); done
  run "$KAFKA_ACLS" "${connection[@]}" --add --allow-principal "User:$principal" \
    "${ops[@]}" "--$type" "$name" --resource-pattern-type "$pattern"
}

password_of() {
  local principal="$1" file="$password_dir/$1"
  if $dry_run; then echo "<password of $principal>"; return; fi
  if [ ! -s "$file" ]; then
    (umask 077 && mkdir -p "$password_dir" && head -c 32 /dev/urandom | base64 | tr -d '\n=+/' >"$file")
    echo "acls.sh: generated a password for $principal in $file" >&2
  fi
  cat "$file"
}

user() {
  $users || return 0
  local principal="$1" password
  password="$(password_of "$principal")"
  run "$KAFKA_CONFIGS" "${connection[@]}" --alter --entity-type users --entity-name "$principal" \
    --add-config "$mechanism=[password=$password]"
}

if $platform; then
  user platform-setup
  for prefix in intake. vault. payment. notification.; do
    allow platform-setup Create,Describe topic "$prefix" prefixed
  done

  user vault
  allow vault Write,Describe topic vault. prefixed
  allow vault Create topic vault.document-availability. prefixed
  allow vault Read,Describe topic intake.document-verified.v1 literal
  allow vault Read,Describe topic intake.document-reused.v1 literal
  allow vault Read,Describe group vault. prefixed

  user payment
  allow payment Write,Describe topic payment. prefixed
  allow payment Read,Describe topic intake.payment-requested.v1 literal
  allow payment Read,Describe group payment. prefixed

  user notification
  allow notification Write,Describe topic notification. prefixed
  allow notification Read,Describe topic intake.dossier-lifecycle.v1 literal
  allow notification Read,Describe topic intake.payment-requested.v1 literal
  allow notification Read,Describe topic payment.payment-outcome.v1 literal
  allow notification Read,Describe topic intake.document-reused.v1 literal
  allow notification Read,Describe topic vault.directory-changed.v1 literal
  allow notification Read,Describe group notification. prefixed
fi

for entry in "${intakes[@]+"${intakes[@]}"}"; do
  code="${entry%%:*}"
  body="${entry#*:}"
  principal="intake-$(slug "$code")"

  user "$principal"
  # intake.dead-letter.v1 is under intake. too: every intake dead-letters there.
  allow "$principal" Write,Describe topic intake. prefixed
  allow "$principal" Read,Describe topic "vault.document-availability.$(slug "$body").v1" literal
  allow "$principal" Read,Describe topic vault.directory-changed.v1 literal
  allow "$principal" Read,Describe topic payment.payment-outcome.v1 literal
  # The consumer group is intake-<agency code lowercased>.<database instance id>.
  allow "$principal" Read,Describe group "intake-$(lower "$code")." prefixed
done
