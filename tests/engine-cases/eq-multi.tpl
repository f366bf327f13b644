{{ eq .Values.str "a" "hello" }} {{ eq 1 2 3 }} {{ ne .Values.str "x" }}
