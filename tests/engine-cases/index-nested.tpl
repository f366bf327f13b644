{{ index .Values.nested "inner" "deep" }} {{ index .Values.list 1 }} {{ index .Values.nested.list 0 "name" }}
