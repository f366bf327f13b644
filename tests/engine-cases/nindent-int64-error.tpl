{{ nindent (add 1 1) "x" }}
