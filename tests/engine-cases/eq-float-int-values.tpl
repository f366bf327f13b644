{{ eq .Values.num 3.0 }} {{ eq .Values.num 3 }}
