a: {{ "abc" | index "xyz" 7 }}
