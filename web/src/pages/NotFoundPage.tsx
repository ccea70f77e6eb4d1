import { SearchX } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Link } from "@/app/router";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Card>
      <EmptyState
        icon={SearchX}
        title={t("notFound.title")}
        action={
          <Link to="/" className={buttonVariants({ variant: "outline" })}>
            {t("notFound.home")}
          </Link>
        }
      >
        {t("notFound.body")}
      </EmptyState>
    </Card>
  );
}
