{{ (fail "A") | printf "%s" (fail "B") }}
