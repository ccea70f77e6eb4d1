package plugin

import "encoding/json"

func jsonInto(s string, dst *map[string]any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), dst)
}

func marshal(v any) ([]byte, error) { return json.Marshal(v) }
