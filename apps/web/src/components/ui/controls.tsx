/**
 * Thin wrappers over react-aria-components: labels, descriptions and errors wired the
 * same way everywhere, and one look. Keep them thin; reach for RAC directly when a
 * screen needs more.
 */
import type { ReactNode } from 'react';
import {
  Button as AriaButton,
  type ButtonProps as AriaButtonProps,
  Checkbox,
  CheckboxGroup,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Radio,
  RadioGroup,
  Select,
  SelectValue,
  Switch,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';

type Variant = 'primary' | 'secondary' | 'danger' | 'quiet';

export function Button({ variant = 'secondary', className, ...props }: AriaButtonProps & { variant?: Variant }) {
  return <AriaButton {...props} className={`btn btn-${variant} ${typeof className === 'string' ? className : ''}`} />;
}

interface FieldBase {
  label: ReactNode;
  description?: ReactNode;
  error?: string;
  isRequired?: boolean;
  isDisabled?: boolean;
  name?: string;
  className?: string;
}

export function TextInput({
  label,
  description,
  error,
  value,
  onChange,
  type = 'text',
  autoComplete,
  isRequired,
  isDisabled,
  name,
  className,
  inputRef,
  onBlur,
  placeholder,
}: FieldBase & {
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  type?: 'text' | 'email' | 'password' | 'search' | 'datetime-local' | 'date' | 'url' | 'number';
  autoComplete?: string;
  inputRef?: React.Ref<HTMLInputElement>;
  placeholder?: string;
}) {
  return (
    <TextField
      className={`field ${className ?? ''}`}
      value={value}
      onChange={onChange}
      onBlur={onBlur}
      type={type}
      autoComplete={autoComplete}
      isRequired={isRequired}
      isDisabled={isDisabled}
      isInvalid={!!error}
      name={name}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      <Input ref={inputRef} placeholder={placeholder} />
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
    </TextField>
  );
}

export function TextAreaField({
  label,
  description,
  error,
  value,
  onChange,
  rows = 4,
  isRequired,
  isDisabled,
  name,
  className,
  onBlur,
}: FieldBase & { value: string; onChange: (v: string) => void; onBlur?: () => void; rows?: number }) {
  return (
    <TextField
      className={`field ${className ?? ''}`}
      value={value}
      onChange={onChange}
      onBlur={onBlur}
      isRequired={isRequired}
      isDisabled={isDisabled}
      isInvalid={!!error}
      name={name}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      <TextArea rows={rows} />
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
    </TextField>
  );
}

export interface Option<K extends string | number = string> {
  id: K;
  label: string;
}

export function SelectField<K extends string | number>({
  label,
  description,
  error,
  options,
  value,
  onChange,
  isRequired,
  isDisabled,
  className,
  placeholder,
}: FieldBase & { options: readonly Option<K>[]; value: K | null; onChange: (v: K) => void; placeholder?: string }) {
  return (
    <Select
      className={`field ${className ?? ''}`}
      selectedKey={value}
      onSelectionChange={(k) => {
        if (k === null) return;
        const hit = options.find((o) => String(o.id) === String(k));
        if (hit) onChange(hit.id);
      }}
      isRequired={isRequired}
      isDisabled={isDisabled}
      isInvalid={!!error}
      placeholder={placeholder}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      <AriaButton className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </AriaButton>
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="popover">
        <ListBox className="listbox" items={options.map((o) => ({ ...o, key: String(o.id) }))}>
          {(o) => (
            <ListBoxItem id={o.id} className="listbox-item" textValue={o.label}>
              {o.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}

export function CheckboxGroupField({
  label,
  description,
  error,
  options,
  value,
  onChange,
  isRequired,
  className,
}: FieldBase & { options: readonly Option[]; value: string[]; onChange: (v: string[]) => void }) {
  return (
    <CheckboxGroup
      className={`field checkbox-group ${className ?? ''}`}
      value={value}
      onChange={onChange}
      isRequired={isRequired}
      isInvalid={!!error}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <div className="choices">
        {options.map((o) => (
          <Checkbox key={o.id} value={o.id} className="choice">
            <span className="choice-box" aria-hidden="true" />
            {o.label}
          </Checkbox>
        ))}
      </div>
      <FieldError className="field-error">{error}</FieldError>
    </CheckboxGroup>
  );
}

export function RadioGroupField({
  label,
  description,
  error,
  options,
  value,
  onChange,
  isRequired,
  className,
  orientation = 'horizontal',
}: FieldBase & {
  options: readonly Option[];
  value: string | null;
  onChange: (v: string) => void;
  orientation?: 'horizontal' | 'vertical';
}) {
  return (
    <RadioGroup
      className={`field radio-group ${className ?? ''}`}
      value={value}
      onChange={onChange}
      isRequired={isRequired}
      isInvalid={!!error}
      orientation={orientation}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <div className="choices">
        {options.map((o) => (
          <Radio key={o.id} value={o.id} className="choice">
            <span className="choice-dot" aria-hidden="true" />
            {o.label}
          </Radio>
        ))}
      </div>
      <FieldError className="field-error">{error}</FieldError>
    </RadioGroup>
  );
}

export function SwitchField({
  children,
  isSelected,
  onChange,
  isDisabled,
}: {
  children: ReactNode;
  isSelected: boolean;
  onChange: (v: boolean) => void;
  isDisabled?: boolean;
}) {
  return (
    <Switch className="switch" isSelected={isSelected} onChange={onChange} isDisabled={isDisabled}>
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      {children}
    </Switch>
  );
}

export function CheckboxField({
  children,
  isSelected,
  onChange,
}: {
  children: ReactNode;
  isSelected: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <Checkbox className="choice" isSelected={isSelected} onChange={onChange}>
      <span className="choice-box" aria-hidden="true" />
      {children}
    </Checkbox>
  );
}
