// One zod schema per identity input, shared by the web forms and the GraphQL mutations.
import { z } from "zod";
import "~/platform/errors"; // installs the zod → message-key error map
import { LOCALES } from "~/platform/i18n";
import { latinDigits } from "~/platform/digits";
import { cleanText, text } from "~/platform/text";

/** Shared with other modules (cases' contacts) so a phone or email means the same everywhere. */
export const email = text({ min: 1, max: 254 })
  .transform((v) => v.toLowerCase())
  .pipe(z.email());
/** Passwords: compared as typed (no trim, no normalisation), but under the text rule. */
const password = text({ min: 10, max: 200, trim: false, normalize: false });
const anyPassword = text({ min: 1, max: 200, trim: false, normalize: false });
// Iranian mobile numbers: 09xxxxxxxxx, also accepted as +989… / 989… and with Persian digits.
export const phone = cleanText()
  .transform((v) => latinDigits(v).replace(/[\s-]/g, ""))
  .transform((v) => v.replace(/^(\+98|0098|98)(?=9)/, "0"))
  .refine((v) => /^09\d{9}$/.test(v), { message: "validation.phone" });
export const optionalPhone = z.union([z.literal("").transform(() => undefined), phone]).optional();

export const SignUpInput = z.object({
  displayName: text({ min: 2, max: 80 }),
  email,
  password,
  phone: optionalPhone,
  locale: z.enum(LOCALES).optional(),
});
export type SignUpInput = z.input<typeof SignUpInput>;

export const SignInInput = z.object({ email, password: anyPassword });

export const EmailInput = z.object({ email });

export const ResetPasswordInput = z.object({ token: text({ min: 1, max: 200 }), password });

export const ChangePasswordInput = z.object({ currentPassword: anyPassword, newPassword: password });

export const DeleteAccountInput = z.object({ password: anyPassword });

export const UpdateProfileInput = z.object({
  displayName: text({ min: 2, max: 80 }),
  phone: optionalPhone,
  locale: z.enum(LOCALES),
});

/** One of the viewer's sessions, by id (account page, GraphQL revokeSession). */
export const SessionIdInput = z.object({ sessionId: text({ min: 1, max: 100 }) });

/** The admins' account search (roles page). */
export const AccountSearchInput = z.object({ q: text({ max: 100 }).transform((v) => v.toLowerCase()) });

export const CreateApiTokenInput = z.object({ name: text({ min: 1, max: 60 }), password: anyPassword });

export const STAFF_ROLES = ["operator", "officer", "manager", "inspector", "admin"] as const;
const optionalId = z.union([z.literal("").transform(() => undefined), z.coerce.number().int().positive()]).optional();

export const GrantRoleInput = z.object({
  userId: z.uuid(),
  role: z.enum(STAFF_ROLES),
  regionId: optionalId,
  departmentId: optionalId,
});

export const RevokeRoleInput = z.object({ assignmentId: z.uuid() });

export const ConfirmPhoneInput = z.object({
  code: text({ max: 20 })
    .transform((v) => latinDigits(v))
    .refine((v) => /^\d{6}$/.test(v), { message: "validation.code" }),
});
