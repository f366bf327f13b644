{{ replace "a" $.Values.map (fail "B") }}
