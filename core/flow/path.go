package flow

import "strconv"

// join appends a key to a field path: join("steps[2].with", "stage").
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// index appends a list index to a field path: index("steps", 2).
func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
