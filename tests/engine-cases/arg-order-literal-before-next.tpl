{{ hasSuffix 3 (fail "B") }}
