module github.com/masteria/masteria/sdk

go 1.26
