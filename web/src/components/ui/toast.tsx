// Toasts: call toast.success / toast.error from anywhere (mutation
// callbacks, the query cache); <Toaster/> renders them with Radix Toast.
import * as ToastPrimitive from "@radix-ui/react-toast";
import { CircleCheck, CircleAlert, Info, X } from "lucide-react";
import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { cn } from "@/lib/utils";

export type ToastVariant = "default" | "success" | "error";
export type ToastItem = { id: number; title: string; description?: string; variant: ToastVariant };

let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

function push(variant: ToastVariant, title: string, description?: string): number {
  const id = nextId++;
  items = [...items, { id, title, description, variant }].slice(-4);
  emit();
  return id;
}

function dismiss(id: number) {
  items = items.filter((t) => t.id !== id);
  emit();
}

export const toast = {
  show: (title: string, description?: string) => push("default", title, description),
  success: (title: string, description?: string) => push("success", title, description),
  error: (title: string, description?: string) => push("error", title, description),
  dismiss,
  /** clear removes every toast (tests and logout). */
  clear: () => {
    items = [];
    emit();
  },
};

export function useToasts(): ToastItem[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => items,
  );
}

const icons = { default: Info, success: CircleCheck, error: CircleAlert };

export function Toaster() {
  const list = useToasts();
  const { t } = useTranslation();
  return (
    <ToastPrimitive.Provider duration={5000} swipeDirection="right" label={t("common.notification")}>
      {list.map((item) => {
        const Icon = icons[item.variant];
        return (
          <ToastPrimitive.Root
            key={item.id}
            duration={item.variant === "error" ? 8000 : 5000}
            onOpenChange={(open) => !open && dismiss(item.id)}
            data-variant={item.variant}
            className={cn(
              "group pointer-events-auto relative flex w-full items-start gap-3 rounded-lg border bg-card p-4 pr-9 shadow-lg data-[state=open]:animate-toast-in",
              "data-[swipe=move]:translate-x-[var(--radix-toast-swipe-move-x)] data-[swipe=end]:translate-x-full data-[state=closed]:opacity-0 transition-opacity",
              item.variant === "error" && "border-red-200",
              item.variant === "success" && "border-emerald-200",
            )}
          >
            <Icon
              className={cn(
                "mt-0.5 size-5 shrink-0",
                item.variant === "error" ? "text-destructive" : item.variant === "success" ? "text-success" : "text-primary",
              )}
              aria-hidden
            />
            <div className="grid gap-0.5">
              <ToastPrimitive.Title className="text-sm font-semibold">{item.title}</ToastPrimitive.Title>
              {item.description && (
                <ToastPrimitive.Description className="text-sm text-muted-foreground">{item.description}</ToastPrimitive.Description>
              )}
            </div>
            <ToastPrimitive.Close
              className="absolute right-2 top-2 rounded-md p-1 text-muted-foreground opacity-70 hover:bg-muted hover:opacity-100"
              aria-label={t("common.close")}
            >
              <X className="size-4" />
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        );
      })}
      <ToastPrimitive.Viewport className="fixed bottom-0 right-0 z-[100] flex max-h-screen w-full flex-col gap-2 p-4 outline-none sm:max-w-sm" />
    </ToastPrimitive.Provider>
  );
}
