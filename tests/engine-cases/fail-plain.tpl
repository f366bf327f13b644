{{ fail "plain failure" }}
