{{ .a
 "abc }}