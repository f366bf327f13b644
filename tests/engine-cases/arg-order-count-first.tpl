{{ round (fail "A") }}
