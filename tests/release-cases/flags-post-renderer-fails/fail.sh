#!/bin/sh
echo "renderer says no" >&2
exit 3
