// One zod schema per identity input, shared by the web forms and the GraphQL mutations.
import { z } from "zod";
import "~/platform/errors"; // installs the zod → message-key error map
import { LOCALES } from "~/platform/i18n";
import { latinDigits } from "~/platform/digits";

/** Shared with other modules (cases' contacts) so a phone or email means the same everywhere. */
export const email = z.string().trim().toLowerCase().min(1).max(254).pipe(z.email());
const password = z.string().min(10).max(200);
// Iranian mobile numbers: 09xxxxxxxxx, also accepted as +989… / 989… and with Persian digits.
export const phone = z
  .string()
  .trim()
  .transform((v) => latinDigits(v).replace(/[\s-]/g, ""))
  .transform((v) => v.replace(/^(\+98|0098|98)(?=9)/, "0"))
  .refine((v) => /^09\d{9}$/.test(v), { message: "validation.phone" });
export const optionalPhone = z.union([z.literal("").transform(() => undefined), phone]).optional();

export const SignUpInput = z.object({
  displayName: z.string().trim().min(2).max(80),
  email,
  password,
  phone: optionalPhone,
  locale: z.enum(LOCALES).optional(),
});
export type SignUpInput = z.input<typeof SignUpInput>;

export const SignInInput = z.object({ email, password: z.string().min(1).max(200) });

export const EmailInput = z.object({ email });

export const ResetPasswordInput = z.object({ token: z.string().min(1).max(200), password });

export const ChangePasswordInput = z.object({ currentPassword: z.string().min(1).max(200), newPassword: password });

export const DeleteAccountInput = z.object({ password: z.string().min(1).max(200) });

export const UpdateProfileInput = z.object({
  displayName: z.string().trim().min(2).max(80),
  phone: optionalPhone,
  locale: z.enum(LOCALES),
});

export const CreateApiTokenInput = z.object({ name: z.string().trim().min(1).max(60), password: z.string().min(1).max(200) });

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
  code: z
    .string()
    .trim()
    .transform((v) => latinDigits(v))
    .refine((v) => /^\d{6}$/.test(v), { message: "validation.code" }),
});
