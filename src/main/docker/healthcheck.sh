#!/bin/bash
# The image's HEALTHCHECK: healthy while Slimline answers GET /actuator/health/liveness with 200,
# that is while the service runs and serves HTTP. Its dependencies are deliberately not part of
# the verdict: with every Docker daemon or the database down, /actuator/health answers 503 and
# names the culprit, but restarting Slimline would not bring them back. Uses bash's /dev/tcp, so
# the image needs no curl.
port=${SERVER_PORT:-8080}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /actuator/health/liveness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
"HTTP/1."?" 200"*) exit 0 ;;
*) exit 1 ;;
esac
