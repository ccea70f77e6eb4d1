package contacts

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/masteria/masteria/core/apperr"
	"github.com/masteria/masteria/core/auth"
	"github.com/masteria/masteria/core/bus"
	"github.com/masteria/masteria/core/crm"
	"github.com/masteria/masteria/core/ids"
	"github.com/masteria/masteria/core/store"
	"github.com/masteria/masteria/core/tenancy"
)

// Import statuses, in order.
const (
	ImportPending    = "pending"
	ImportValidating = "validating"
	ImportWriting    = "writing"
	ImportDone       = "done"
	ImportFailed     = "failed"
)

// maxReportedErrors bounds the error report kept on a job.
const maxReportedErrors = 1000

// ImportRequest is a CSV file to import and how to read it.
type ImportRequest struct {
	CSV string `json:"csv"`
	ImportOptions
}

// progress is the live row count of an import running in this process.
type progress struct{ rows atomic.Int64 }

// StartImport stores the file as a job and imports it in the background;
// poll GetImport for progress. Nothing is written unless every row is
// good (or SkipInvalid is set), and then everything is, in one transaction.
func (s *Service) StartImport(ctx context.Context, p tenancy.Principal, in ImportRequest) (store.ImportJob, error) {
	if err := crm.Require(p, auth.RoleAdmin); err != nil {
		return store.ImportJob{}, err
	}
	if len(in.CSV) == 0 {
		return store.ImportJob{}, apperr.Fields("nothing to import", map[string]string{"csv": "required: the file's contents"}).
			Because(apperr.ImportEmpty, nil)
	}
	defs, err := s.Store.ListFieldDefs(ctx, p.TenantID)
	if err != nil {
		return store.ImportJob{}, err
	}
	if _, _, err := ParseCSV(firstLine(in.CSV), in.ImportOptions, defs, nil); err != nil {
		return store.ImportJob{}, apperr.Fields("the file cannot be imported", map[string]string{"csv": err.Error()}).
			Because(apperr.ImportUnreadable, apperr.P{"detail": err.Error()})
	}
	opts, _ := json.Marshal(in.ImportOptions)
	job := store.ImportJob{ID: ids.New("imp"), TenantID: p.TenantID, Status: ImportPending, Options: opts,
		Source: []byte(in.CSV), CreatedBy: p.Actor(), CreatedAt: s.Clock.Now(), Errors: []byte("[]")}
	if err := s.Store.CreateImport(ctx, job); err != nil {
		return store.ImportJob{}, err
	}
	s.launch(job)
	return job, nil
}

func firstLine(csv string) []byte {
	for i := 0; i < len(csv); i++ {
		if csv[i] == '\n' {
			return []byte(csv[:i+1])
		}
	}
	return []byte(csv)
}

// GetImport reports a job, with the live row count while it runs here.
func (s *Service) GetImport(ctx context.Context, p tenancy.Principal, id string) (store.ImportJob, error) {
	j, err := s.Store.GetImport(ctx, p.TenantID, id)
	if err != nil {
		return j, crm.NotFound(err, "import")
	}
	j.MessageReason, j.MessageParams = ImportMessageKey(j.Message)
	if pr, ok := s.imports.Load(id); ok && j.Status == ImportValidating {
		j.Processed = max(j.Processed, pr.(*progress).rows.Load())
	}
	return j, nil
}

// Resume restarts the imports a stopped process left unfinished (each is
// all-or-nothing, so running one again from the start is safe).
func (s *Service) Resume(ctx context.Context) error {
	jobs, err := s.Store.UnfinishedImports(ctx)
	for _, j := range jobs {
		s.launch(j)
	}
	return err
}

// Wait blocks until the imports running in this process have finished.
func (s *Service) Wait() { s.wg.Wait() }

func (s *Service) launch(job store.ImportJob) {
	pr := &progress{}
	if _, running := s.imports.LoadOrStore(job.ID, pr); running {
		return
	}
	s.wg.Go(func() {
		defer s.imports.Delete(job.ID)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		if err := s.run(ctx, job, pr); err != nil {
			slog.Error("contact import failed", "import", job.ID, "tenant", job.TenantID, "err", err)
			s.finish(ctx, job, ImportFailed, importText(ImportInternalError, 0), nil)
		}
	})
}

// run validates every row, then writes the whole plan in one transaction.
func (s *Service) run(ctx context.Context, job store.ImportJob, pr *progress) error {
	var opts ImportOptions
	if err := json.Unmarshal(job.Options, &opts); err != nil {
		return err
	}
	job.Status = ImportValidating
	if err := s.Store.UpdateImport(ctx, job); err != nil {
		return err
	}
	defs, err := s.Store.ListFieldDefs(ctx, job.TenantID)
	if err != nil {
		return err
	}
	rows, problems, err := ParseCSV(job.Source, opts, defs, func(n int) { pr.rows.Store(int64(n)) })
	if err != nil {
		return s.finish(ctx, job, ImportFailed, err.Error(), nil)
	}
	p, matchProblems, err := s.makePlan(ctx, job.TenantID, rows)
	if err != nil {
		return err
	}
	problems = append(problems, matchProblems...)
	job.Total = int64(len(rows) + len(problems))
	job.Processed = job.Total
	if len(problems) > 0 && !opts.SkipInvalid {
		return s.finish(ctx, job, ImportFailed, importText(ImportRowsHaveErrors, len(problems)), problems)
	}
	job.Status = ImportWriting
	if err := s.Store.UpdateImport(ctx, job); err != nil {
		return err
	}
	return s.write(ctx, job, p, problems)
}

// write stores the plan and marks the job done, all in one transaction.
func (s *Service) write(ctx context.Context, job store.ImportJob, p plan, problems []RowError) error {
	job.Created, job.Updated = int64(len(p.creates)), int64(len(p.updates))
	err := s.Store.Tx(ctx, func(q store.Queries) error {
		if err := q.InsertContacts(ctx, p.creates); err != nil {
			return err
		}
		for _, c := range p.updates {
			if err := q.UpdateContact(ctx, c); err != nil {
				return err
			}
			for _, t := range p.newTags[c.ID] {
				if _, err := q.AddTag(ctx, c.TenantID, c.ID, t); err != nil {
					return err
				}
			}
		}
		return s.markDone(ctx, q, job, ImportDone, "", problems)
	})
	if err != nil {
		slog.Warn("contact import rolled back", "import", job.ID, "err", err)
		return s.finish(ctx, job, ImportFailed, importText(ImportContactsChanged, 0), nil)
	}
	return nil
}

// finish records a job's end outside any transaction.
func (s *Service) finish(ctx context.Context, job store.ImportJob, status, msg string, problems []RowError) error {
	return s.Store.Tx(ctx, func(q store.Queries) error { return s.markDone(ctx, q, job, status, msg, problems) })
}

func (s *Service) markDone(ctx context.Context, q store.Queries, job store.ImportJob, status, msg string, problems []RowError) error {
	at := s.Clock.Now()
	job.Status, job.Message, job.FinishedAt = status, msg, &at
	job.Errors, _ = json.Marshal(problems[:min(len(problems), maxReportedErrors)])
	if problems == nil {
		job.Errors = []byte("[]")
	}
	if err := q.UpdateImport(ctx, job); err != nil {
		return err
	}
	return crm.Emit(ctx, q, job.TenantID, bus.EventContactImportFinished, map[string]any{
		"import_id": job.ID, "status": status, "created": job.Created, "updated": job.Updated, "errors": len(problems)})
}
