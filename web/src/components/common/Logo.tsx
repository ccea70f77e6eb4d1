import { useId } from "react";
import { cn } from "@/lib/utils";

/** Logo is the app mark (the same drawing as public/icon.svg). */
export function Logo({ className }: { className?: string }) {
  // A gradient id per instance: a hidden copy (the desktop sidebar on a
  // phone) would otherwise take the shared id with it.
  const gradient = `logo-${useId().replace(/:/g, "")}`;
  return (
    <svg viewBox="0 0 512 512" className={cn("size-8", className)} aria-hidden>
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#10b981" />
          <stop offset="1" stopColor="#0f766e" />
        </linearGradient>
      </defs>
      <rect width="512" height="512" rx="112" fill={`url(#${gradient})`} />
      <path
        d="M136 150h240a40 40 0 0 1 40 40v120a40 40 0 0 1-40 40H236l-72 56v-56h-28a40 40 0 0 1-40-40V190a40 40 0 0 1 40-40z"
        fill="#fff"
      />
      <path
        d="M176 300V206l80 62 80-62v94"
        fill="none"
        stroke="#0f766e"
        strokeWidth="30"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
