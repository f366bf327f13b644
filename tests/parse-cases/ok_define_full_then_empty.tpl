{{ define "a" }}X{{ end }}{{ define "a" }} 
 {{ end }}{{ template "a" }}