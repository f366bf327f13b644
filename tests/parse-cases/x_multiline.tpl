a: 1
b: {{
  index "abc" 5 }}
