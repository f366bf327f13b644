{{ (index .Values.nested.list 1).port }}
