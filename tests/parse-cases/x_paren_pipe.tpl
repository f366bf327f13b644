a: {{ print (index "abc" 9) }}
