#!/bin/bash
# The image's HEALTHCHECK: GET /actuator/health/liveness must answer 200. Bash alone, as JRE images
# have no curl or wget. The port: HEALTHCHECK_PORT, else the management or server port as set in the
# environment or on the service's command line (PID 1), else 8080.
set -uo pipefail

arg() {
  tr '\0' '\n' </proc/1/cmdline 2>/dev/null | sed -n "s/^--$1=//p" | tail -n 1
}
port=${HEALTHCHECK_PORT:-${MANAGEMENT_SERVER_PORT:-$(arg management.server.port)}}
port=${port:-${SERVER_PORT:-$(arg server.port)}}
port=${port:-8080}

exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /actuator/health/liveness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 5 _ status _ <&3 || exit 1
# without a reason phrase ("HTTP/1.1 200\r") the line's CR sticks to the code
[ "${status%$'\r'}" = 200 ]
