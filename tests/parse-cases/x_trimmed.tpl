a:   
  {{- index "abc" 5 }}
