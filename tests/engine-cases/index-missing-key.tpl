{{ index .Values.map "zz" }}|
