{{ upper .Values.map.a.b (fail "B") }}
