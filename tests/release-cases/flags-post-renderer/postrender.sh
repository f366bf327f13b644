#!/bin/sh
# A post-renderer for the recorded cases: marks the stream with its
# arguments and rewrites one value.
echo "# post-rendered with: $*"
sed 's/a: "1"/a: "post-rendered"/'
