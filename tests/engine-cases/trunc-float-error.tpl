{{ trunc .Values.num "abc" }}
