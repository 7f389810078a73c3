#!/bin/sh
# Starts redis-server with the users of users.acl: the same script for both Redis roles, in docker-compose.yml and in
# Kubernetes, and in the tests (testing.PrivateRedis), so the file that is tested is the file that is deployed.
#
#   REDIS_CACHE_PASSWORD  the password of cache, the app's user for the cache role
#   REDIS_STATE_PASSWORD  the password of state, the app's user for the state role (sessions, rate limits, streams)
#                         At least one of the two. A user whose password is not set is left out of the rendered file:
#                         the cache's Redis is given only REDIS_CACHE_PASSWORD, the state's only REDIS_STATE_PASSWORD,
#                         and one Redis that serves both roles (dev) both.
#   REDIS_OPS_PASSWORD    the password of ops, the operators' read-only user (required)
#   ACL_SOURCE            the users file with comments (default: users.acl beside this script)
#   ACL_FILE              where the rendered ACL file goes (default /tmp/users.acl; a writable place)
# Every argument is passed on to redis-server (the role's maxmemory, policy and persistence).
set -eu
[ -n "${REDIS_CACHE_PASSWORD:-}${REDIS_STATE_PASSWORD:-}" ] \
  || { echo "start-redis.sh: neither REDIS_CACHE_PASSWORD nor REDIS_STATE_PASSWORD is set" >&2; exit 1; }
[ -n "${REDIS_OPS_PASSWORD:-}" ] || { echo "start-redis.sh: REDIS_OPS_PASSWORD is not set" >&2; exit 1; }
source_file=${ACL_SOURCE:-$(dirname "$0")/users.acl}
acl_file=${ACL_FILE:-/tmp/users.acl}
sha256() { printf '%s' "$1" | sha256sum | cut -c1-64; }
# The sed expression of one user's password: its hash in, or its line out when the password is not set.
password() {   # placeholder, password
  if [ -n "$2" ]; then echo "s/$1/$(sha256 "$2")/"; else echo "/$1/d"; fi
}
# Comments and blank lines out; indented lines joined to the user line above; the passwords' hashes in.
awk '/^[ \t]*(#.*)?$/ { next }
     /^[ \t]/ { sub(/^[ \t]+/, ""); line = line " " $0; next }
     { if (line != "") print line; line = $0 }
     END { if (line != "") print line }' "$source_file" \
  | sed -e "$(password @CACHE_PASSWORD_SHA256@ "${REDIS_CACHE_PASSWORD:-}")" \
        -e "$(password @STATE_PASSWORD_SHA256@ "${REDIS_STATE_PASSWORD:-}")" \
        -e "$(password @OPS_PASSWORD_SHA256@ "$REDIS_OPS_PASSWORD")" >"$acl_file"
chmod 600 "$acl_file"
exec redis-server --aclfile "$acl_file" "$@"
