{{ upper (printf "%s-%s" .Values.str "x") }}
