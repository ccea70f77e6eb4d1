package crm_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/masteria/masteria/core/crm/contacts"
	"github.com/masteria/masteria/core/tenancy"
)

// BenchmarkContactImport imports a CSV of MASTERIA_BENCH_ROWS rows (default
// 100,000: name, phone in a human format, email, tags) into an empty
// tenant, then the same file again (every row matches an existing contact
// and updates it). Each iteration is one whole import, validation and
// de-duplication included; rows/s is the figure.
func BenchmarkContactImport(b *testing.B) {
	rows := envInt("MASTERIA_BENCH_ROWS", 100_000)
	csv := importFile(rows)
	for _, driver := range drivers {
		b.Run(fmt.Sprintf("%s/rows=%d", driver, rows), func(b *testing.B) {
			st := openBenchStore(b, driver)
			s := contacts.New(st)
			var fresh, again time.Duration
			for i := 0; i < b.N; i++ {
				p := owner(b, st, fmt.Sprint("imp", i))
				fresh += timeImport(b, s, p, csv, int64(rows), 0)
				again += timeImport(b, s, p, csv, 0, int64(rows))
			}
			b.ReportMetric(float64(rows*b.N)/fresh.Seconds(), "new_rows/s")
			b.ReportMetric(float64(rows*b.N)/again.Seconds(), "dedup_rows/s")
			b.ReportMetric(fresh.Seconds()/float64(b.N), "new_import_s")
		})
	}
}

// ddds are Brazilian area codes.
var ddds = []int{11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45,
	46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86,
	87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99}

func importFile(rows int) string {
	var sb strings.Builder
	sb.WriteString("nome;telefone;email;etiquetas\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&sb, "Pessoa %d;(%d) 98%03d-%04d;p%d@example.com;lead,feira\n", i, ddds[i%len(ddds)], i/10000, i%10000, i)
	}
	return sb.String()
}

func timeImport(b *testing.B, s *contacts.Service, p tenancy.Principal, csv string, created, updated int64) time.Duration {
	b.Helper()
	start := time.Now()
	job, err := s.StartImport(context.Background(), p, contacts.ImportRequest{CSV: csv})
	if err != nil {
		b.Fatal(err)
	}
	s.Wait()
	took := time.Since(start)
	job, err = s.GetImport(context.Background(), p, job.ID)
	if err != nil || job.Status != contacts.ImportDone || job.Created != created || job.Updated != updated {
		b.Fatalf("import: %s %s (created %d updated %d): %.300s %v", job.Status, job.Message, job.Created, job.Updated, job.Errors, err)
	}
	return took
}
