package main

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
)

// demoOrdersDefault is the order-status URL flows/support-menu.yaml ships
// with (a store the demo cannot reach); the demo publishes the flow with
// its own store's URL instead, so the menu's option 1 answers.
const demoOrdersDefault = "https://loja.example.com/api/orders"

// demoStore is the shop behind the demo's support menu: GET
// /api/orders?phone=+55… answers {"status": …}, the same for a number
// every time (by its last digit).
type demoStore struct {
	ln  net.Listener
	srv *http.Server
	URL string // …/api/orders
}

var demoOrderStatuses = []string{"em separação", "a caminho", "entregue", "aguardando pagamento", "a caminho"}

func listenDemoStore() (*demoStore, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/orders", func(w http.ResponseWriter, r *http.Request) {
		phone := strings.TrimSpace(r.URL.Query().Get("phone"))
		if phone == "" {
			http.Error(w, `{"error":"phone is required"}`, http.StatusBadRequest)
			return
		}
		last := phone[len(phone)-1]
		status := "em processamento"
		if last >= '0' && last <= '9' {
			status = demoOrderStatuses[int(last-'0')%len(demoOrderStatuses)]
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"phone": phone, "status": status})
	})
	s := &demoStore{ln: ln, srv: &http.Server{Handler: mux}, URL: "http://" + ln.Addr().String() + "/api/orders"}
	go s.srv.Serve(ln)
	return s, nil
}

// Host is the store's host:port, for the egress guard's allowed hosts.
func (s *demoStore) Host() string { return s.ln.Addr().String() }

func (s *demoStore) Close() { s.srv.Close() }
