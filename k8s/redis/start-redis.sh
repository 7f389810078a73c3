#!/bin/sh
# Starts redis-server with the users of users.acl: the same script for both Redis roles, in docker-compose.yml and in
# Kubernetes, and in the tests (testing.PrivateRedis), so the file that is tested is the file that is deployed.
#
#   REDIS_PASSWORD      the app user's password (required)
#   REDIS_OPS_PASSWORD  the password of ops, the operators' read-only user (required)
#   ACL_SOURCE          the users file with comments (default: users.acl beside this script)
#   ACL_FILE            where the rendered ACL file goes (default /tmp/users.acl; a writable place)
# Every argument is passed on to redis-server (the role's maxmemory, policy and persistence).
set -eu
[ -n "${REDIS_PASSWORD:-}" ] || { echo "start-redis.sh: REDIS_PASSWORD is not set" >&2; exit 1; }
[ -n "${REDIS_OPS_PASSWORD:-}" ] || { echo "start-redis.sh: REDIS_OPS_PASSWORD is not set" >&2; exit 1; }
source_file=${ACL_SOURCE:-$(dirname "$0")/users.acl}
acl_file=${ACL_FILE:-/tmp/users.acl}
sha256() { printf '%s' "$1" | sha256sum | cut -c1-64; }
app_hash=$(sha256 "$REDIS_PASSWORD")
ops_hash=$(sha256 "$REDIS_OPS_PASSWORD")
# Comments and blank lines out; indented lines joined to the user line above; the passwords' hashes in.
awk '/^[ \t]*(#.*)?$/ { next }
     /^[ \t]/ { sub(/^[ \t]+/, ""); line = line " " $0; next }
     { if (line != "") print line; line = $0 }
     END { if (line != "") print line }' "$source_file" \
  | sed -e "s/@APP_PASSWORD_SHA256@/$app_hash/" -e "s/@OPS_PASSWORD_SHA256@/$ops_hash/" >"$acl_file"
chmod 600 "$acl_file"
exec redis-server --aclfile "$acl_file" "$@"
