a: {{ (index .Values.a "l").x }}
