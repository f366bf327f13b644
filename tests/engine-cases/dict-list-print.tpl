{{ dict "z" 1 "a" (list 1 "x") }} {{ list }} {{ dict }}
