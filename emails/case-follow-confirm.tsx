import { Button, Heading, Text } from "@react-email/components";
import { translate, type Locale } from "../app/platform/i18n";
import { buttonStyle, EmailLayout } from "./layout";

/** "Do you want updates on case C-…?": sent when someone follows a case with this address. */
export type CaseFollowConfirmProps = { reference: string; url: string };

export function subject(locale: Locale, props: CaseFollowConfirmProps) {
  return translate(locale, "cases.email.followConfirm.subject", { reference: props.reference });
}

export default function CaseFollowConfirm({ locale, reference, url }: CaseFollowConfirmProps & { locale: Locale }) {
  return (
    <EmailLayout locale={locale} preview={subject(locale, { reference, url })}>
      <Heading as="h1">{translate(locale, "cases.email.followConfirm.heading", { reference })}</Heading>
      <Text>{translate(locale, "cases.email.followConfirm.body", { reference })}</Text>
      <Button href={url} style={buttonStyle}>
        {translate(locale, "cases.email.followConfirm.button")}
      </Button>
      <Text style={{ fontSize: "12px" }}>{translate(locale, "cases.email.followConfirm.ignore")}</Text>
    </EmailLayout>
  );
}
