import { Button, Heading, Text } from "@react-email/components";
import { translate, type Locale } from "../app/platform/i18n";
import { buttonStyle, EmailLayout } from "./layout";

/** To a region's manager: a case of their region passed its SLA without an answer. */
export type CaseEscalatedProps = { code: string; category: string; unit: string; dueAt: string; url: string };

export function subject(locale: Locale, props: CaseEscalatedProps) {
  return translate(locale, "cases.escalated.subject", { code: props.code });
}

export default function CaseEscalated({ locale, code, category, unit, dueAt, url }: CaseEscalatedProps & { locale: Locale }) {
  return (
    <EmailLayout locale={locale} preview={subject(locale, { code, category, unit, dueAt, url })}>
      <Heading as="h1">{translate(locale, "cases.escalated.heading", { code })}</Heading>
      <Text>{translate(locale, "cases.escalated.body", { category, unit, dueAt })}</Text>
      <Button href={url} style={buttonStyle}>
        {translate(locale, "cases.escalated.button")}
      </Button>
    </EmailLayout>
  );
}
